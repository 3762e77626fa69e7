/**
 * Stream reader/writer coroutines over transports, and pure framing codecs. Arrives with the transports issue; the
 * module exists now so that the build has its final shape.
 */
package io.corio.protocols;
