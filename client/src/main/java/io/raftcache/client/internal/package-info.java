/**
 * The SDK's machinery: channels, leader tracking, retries, request ids, error mapping. Not an API:
 * anything here may change without notice.
 */
package io.raftcache.client.internal;
