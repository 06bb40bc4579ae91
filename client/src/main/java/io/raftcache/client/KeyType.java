package io.raftcache.client;

/** The type of value a key holds, as TYPE answers; NONE when the key does not exist. */
public enum KeyType {
  NONE, STRING, HASH, SET, ZSET, LIST
}
