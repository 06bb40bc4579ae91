/**
 * Ready-made uses of {@link io.raftcache.client.CacheClient}: {@link CacheAside} reads in front of
 * a slow database, {@link SessionStore} for user sessions, {@link Leaderboard} over a sorted set.
 * Each is a thin, thread-safe layer over one {@code CacheClient}; its javadoc names the keys it
 * writes, so they can be inspected with the command line too.
 */
package io.raftcache.client.patterns;
