package io.raftcache.client.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftcache.client.CacheException;
import io.raftcache.client.CacheTimeoutException;
import io.raftcache.client.ClusterUnavailableException;
import io.raftcache.client.OutcomeUnknownException;
import io.raftcache.client.RetryPolicy;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one call to completion within its deadline: picks a node, follows redirects to the leader,
 * and retries after failovers with backoff. A retried write carries the same header, so the
 * cluster applies it at most once.
 */
public final class Caller {
  /** Where a call may be served. */
  public enum Route {
    /** Only the leader applies writes; a success tells us who leads. */
    WRITE,
    /** Any node can (through ReadIndex), but the leader answers fastest. */
    LINEARIZABLE_READ,
    /** Any node, from its own copy. */
    STALE_READ
  }

  /** Starts one attempt of a call on a stub that already carries the attempt's deadline. */
  @FunctionalInterface
  public interface Rpc<T> {
    void start(CacheGrpc.CacheStub stub, StreamObserver<T> response);
  }

  private final ClusterChannels channels;
  private final RetryPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final Set<Attempts<?>> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public Caller(ClusterChannels channels, RetryPolicy policy, ScheduledExecutorService scheduler) {
    this.channels = channels;
    this.policy = policy;
    this.scheduler = scheduler;
  }

  public <T> CompletableFuture<T> call(Route route, Duration timeout, Rpc<T> rpc) {
    Attempts<T> attempts = new Attempts<>(route, timeout, rpc);
    active.add(attempts);
    attempts.result.whenComplete((r, e) -> active.remove(attempts));
    attempts.next();
    return attempts.result;
  }

  /** Fails every call still running, and every later one; their writes' outcomes are unknown. */
  public void close() {
    closed = true;
    for (Attempts<?> attempts : active) {
      attempts.closedUnderIt();
    }
  }

  private final class Attempts<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final Route route;
    final Duration timeout;
    final long deadlineNanos;
    final Rpc<T> rpc;
    int failures;
    int redirects;
    int redirectTo = -1;
    /** An attempt went unanswered, so a write may have been applied. */
    boolean outcomeUncertain;
    /** The last failure was a node that did not answer in time (not one that said no leader). */
    boolean silent;
    /** When a node first said it knows no ready leader (or could not be reached); 0 if none has. */
    long noLeaderSince;
    final long startNanos = System.nanoTime();
    String lastFailure = "no attempt was made";

    Attempts(Route route, Duration timeout, Rpc<T> rpc) {
      this.route = route;
      this.timeout = timeout;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
      this.rpc = rpc;
    }

    void next() {
      if (closed) {
        closedUnderIt();
        return;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        giveUp();
        return;
      }
      int index = redirectTo >= 0 ? redirectTo
          : route == Route.STALE_READ ? channels.forStaleRead(failures == 0) : channels.leaderOrNext();
      redirectTo = -1;
      long attemptNanos = Math.min(policy.attemptTimeout().toNanos(), remaining);
      CacheGrpc.CacheStub stub = CacheGrpc.newStub(channels.channel(index))
          .withDeadlineAfter(attemptNanos, TimeUnit.NANOSECONDS);
      try {
        rpc.start(stub, new StreamObserver<>() {
          @Override
          public void onNext(T value) {
            if (route == Route.WRITE) {
              channels.leaderIs(index);
            }
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            failed(index, t);
          }

          @Override
          public void onCompleted() {}
        });
      } catch (RuntimeException e) {
        failed(index, e);
      }
    }

    void failed(int index, Throwable t) {
      String endpoint = channels.endpoint(index);
      if (!(t instanceof StatusRuntimeException e)) {
        result.completeExceptionally(new CacheException("call to " + endpoint + " failed: " + t, t));
        return;
      }
      lastFailure = endpoint + " answered " + ErrorMapper.describe(e);
      ErrorDetail detail = ErrorMapper.detailOf(e);
      if (detail.getCode() == ErrorCode.ERROR_CODE_NOT_LEADER && !detail.getLeaderEndpoint().isEmpty()) {
        channels.notLeader(index);
        int leader = channels.leaderIs(detail.getLeaderEndpoint());
        // Follow a redirect at once, but not round in circles while followers still name a dead leader.
        if (leader != index && redirects++ < channels.endpoints().size()) {
          redirectTo = leader;
          next();
        } else {
          retryAfterBackoff();
        }
        return;
      }
      switch (e.getStatus().getCode()) {
        case UNAVAILABLE -> {
          // Unreachable, or it knows no ready leader: an election, or a majority is down.
          channels.notLeader(index);
          silent = false;
          if (noLeaderSince == 0) {
            noLeaderSince = System.nanoTime();
          }
          if (System.nanoTime() - noLeaderSince >= policy.noLeaderTimeout().toNanos()) {
            giveUp();
          } else {
            retryAfterBackoff();
          }
        }
        case DEADLINE_EXCEEDED, CANCELLED, UNKNOWN -> {
          // No answer (a paused or partitioned node, a reset connection): the request may have
          // been applied. Try another node; a retry is applied at most once.
          outcomeUncertain = true;
          boolean cutShortByCallDeadline = e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
              && System.nanoTime() >= deadlineNanos;
          if (!cutShortByCallDeadline) {
            silent = true;
          }
          channels.notLeader(index);
          retryAfterBackoff();
        }
        // Overloaded for a moment: try again. Out of memory is the cluster's answer: report it.
        case RESOURCE_EXHAUSTED -> {
          if (detail.getCode() == ErrorCode.ERROR_CODE_OUT_OF_MEMORY) {
            // After an attempt that may have applied, "nothing changed" would not be true of it.
            result.completeExceptionally(outcomeUncertain
                ? new OutcomeUnknownException("out of memory on a retry; an earlier attempt may have been applied: "
                    + lastFailure, e)
                : ErrorMapper.toException(e, endpoint));
          } else {
            retryAfterBackoff();
          }
        }
        default -> result.completeExceptionally(ErrorMapper.toException(e, endpoint));
      }
    }

    void retryAfterBackoff() {
      redirects = 0;
      long delayNanos = Math.min(policy.backoff(++failures).toNanos(), deadlineNanos - System.nanoTime());
      if (delayNanos <= 0) {
        giveUp();
        return;
      }
      try {
        scheduler.schedule(this::next, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shutDown) {
        closedUnderIt();
      }
    }

    /**
     * Ends the call: a timeout if nodes went silent, else "unavailable" (no leader reachable),
     * which comes early, after {@link RetryPolicy#noLeaderTimeout()}, when a majority is down.
     */
    void giveUp() {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      String uncertainty = outcomeUncertain && route == Route.WRITE
          ? "; an attempt went unanswered, so the write may have been applied" : "";
      result.completeExceptionally(silent
          ? new CacheTimeoutException("no answer within " + timeout.toMillis() + " ms; last: " + lastFailure + uncertainty, null)
          : new ClusterUnavailableException("no leader reachable for " + elapsed + " ms (an election, or a majority of"
              + " the nodes down); last: " + lastFailure + uncertainty, null));
    }

    void closedUnderIt() {
      result.completeExceptionally(new CacheException("the client was closed before the call completed", null));
    }
  }
}
