/**
 * Deterministic testing on virtual time: {@link io.corio.loop.testing.TestLoop} and
 * {@link io.corio.loop.testing.ManualClock}. Shipped in main so that users test their own protocols and
 * coroutines the same way Corio tests its own.
 */
package io.corio.loop.testing;
