package io.raftcache.client;

import static io.raftcache.client.Codec.bytes;
import static io.raftcache.client.Codec.strings;
import static io.raftcache.client.Codec.utf8List;

import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Set commands, non-blocking: a key holding distinct string members. Lists of members come back
 * ordered by their UTF-8 bytes. A command on a key of another type fails with {@link WrongTypeException}.
 */
public final class AsyncSets {
  private final Calls calls;

  AsyncSets(Calls calls) {
    this.calls = calls;
  }

  /** Adds the members; completes with how many were new. */
  public CompletableFuture<Long> sadd(String key, String... members) {
    MembersRequest.Builder request = MembersRequest.newBuilder().setKey(bytes(key)).addAllMembers(utf8List(members));
    return calls.<CountResponse>write(h -> (stub, out) -> stub.sAdd(request.setHeader(h).build(), out))
        .thenApply(CountResponse::getCount);
  }

  /** Removes the members; completes with how many were there. A set left empty is deleted. */
  public CompletableFuture<Long> srem(String key, String... members) {
    MembersRequest.Builder request = MembersRequest.newBuilder().setKey(bytes(key)).addAllMembers(utf8List(members));
    return calls.<CountResponse>write(h -> (stub, out) -> stub.sRem(request.setHeader(h).build(), out))
        .thenApply(CountResponse::getCount);
  }

  public CompletableFuture<Boolean> sismember(String key, String member) {
    MemberRequest request = MemberRequest.newBuilder().setKey(bytes(key)).setMember(bytes(member))
        .setRead(calls.readOptions()).build();
    return calls.<BoolResponse>read((stub, out) -> stub.sIsMember(request, out)).thenApply(BoolResponse::getValue);
  }

  public CompletableFuture<List<String>> smembers(String key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(calls.readOptions()).build();
    return calls.<MembersResponse>read((stub, out) -> stub.sMembers(request, out))
        .thenApply(r -> strings(r.getMembersList()));
  }

  /** The number of members (0 if the key does not exist). */
  public CompletableFuture<Long> scard(String key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(calls.readOptions()).build();
    return calls.<CountResponse>read((stub, out) -> stub.sCard(request, out)).thenApply(CountResponse::getCount);
  }

  /** Members in every one of the sets (a missing key is an empty set). */
  public CompletableFuture<List<String>> sinter(String... keys) {
    KeysRequest request = KeysRequest.newBuilder().addAllKeys(utf8List(keys)).setRead(calls.readOptions()).build();
    return calls.<MembersResponse>read((stub, out) -> stub.sInter(request, out))
        .thenApply(r -> strings(r.getMembersList()));
  }

  /** Members in any of the sets. */
  public CompletableFuture<List<String>> sunion(String... keys) {
    KeysRequest request = KeysRequest.newBuilder().addAllKeys(utf8List(keys)).setRead(calls.readOptions()).build();
    return calls.<MembersResponse>read((stub, out) -> stub.sUnion(request, out))
        .thenApply(r -> strings(r.getMembersList()));
  }
}
