package io.raftcache.node.api;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftcache.node.raft.PinnedSnapshot;
import io.raftcache.node.store.BackupRestore;
import io.raftcache.proto.v1.BackupChunk;
import io.raftcache.proto.v1.BackupFile;
import io.raftcache.proto.v1.BackupManifest;
import io.raftcache.proto.v1.FileChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends a pinned snapshot as a backup: the manifest (with each file's SHA-256), then every file in
 * chunks, as fast as the caller takes them (gRPC's flow control: nothing piles up in memory).
 * Runs on a thread of its own, never a network thread.
 */
final class BackupStream {
  private static final int CHUNK_BYTES = 1 << 20;

  private final ServerCallStreamObserver<BackupChunk> out;
  private final Object ready = new Object();

  BackupStream(ServerCallStreamObserver<BackupChunk> out) {
    this.out = out;
    out.setOnReadyHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
  }

  static BackupManifest manifest(String cluster, String nodeId, PinnedSnapshot snapshot) throws IOException {
    BackupManifest.Builder manifest = BackupManifest.newBuilder()
        .setFormat(BackupRestore.FORMAT)
        .setCluster(cluster)
        .setNodeId(nodeId)
        .setTerm(snapshot.summary().appliedTerm())
        .setIndex(snapshot.summary().appliedIndex())
        .setTakenAtMs(System.currentTimeMillis())
        .setClusterTimeMs(snapshot.summary().clusterTimeMillis())
        .setKeyCount(snapshot.summary().keyCount())
        .setDigest(snapshot.summary().digest());
    for (Path file : snapshot.files()) {
      manifest.addFiles(BackupFile.newBuilder().setName(file.getFileName().toString()).setBytes(Files.size(file))
          .setSha256(BackupRestore.sha256(file)));
    }
    return manifest.build();
  }

  /** Sends the manifest, then the files; false if the caller went away first. */
  boolean send(BackupManifest manifest, PinnedSnapshot snapshot) throws IOException, InterruptedException {
    if (!next(BackupChunk.newBuilder().setManifest(manifest).build())) {
      return false;
    }
    byte[] buffer = new byte[CHUNK_BYTES];
    for (Path file : snapshot.files()) {
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
          FileChunk chunk = FileChunk.newBuilder().setName(file.getFileName().toString())
              .setData(ByteString.copyFrom(buffer, 0, n)).build();
          if (!next(BackupChunk.newBuilder().setChunk(chunk).build())) {
            return false;
          }
        }
      }
    }
    out.onCompleted();
    return true;
  }

  private boolean next(BackupChunk chunk) throws InterruptedException {
    synchronized (ready) {
      while (!out.isReady()) {
        if (out.isCancelled()) {
          return false;
        }
        ready.wait(100);
      }
    }
    out.onNext(chunk);
    return true;
  }

  void fail(String why) {
    out.onError(Status.INTERNAL.withDescription(why).asRuntimeException());
  }
}
