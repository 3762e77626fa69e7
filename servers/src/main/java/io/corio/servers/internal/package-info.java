/** Implementation details shared by Corio's servers; not public API. */
package io.corio.servers.internal;
