/** Pure helpers of the admin listener: the Prometheus text writer and the task dump. Not an API. */
package io.corio.servers.admin.internal;
