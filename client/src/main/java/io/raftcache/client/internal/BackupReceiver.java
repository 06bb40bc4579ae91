package io.raftcache.client.internal;

import com.google.protobuf.util.JsonFormat;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.raftcache.client.BackupResult;
import io.raftcache.proto.v1.BackupChunk;
import io.raftcache.proto.v1.BackupFile;
import io.raftcache.proto.v1.BackupManifest;
import io.raftcache.proto.v1.BackupRequest;
import io.raftcache.proto.v1.ClusterGrpc;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the Backup stream of one member into a new folder: each file checked against the
 * manifest's size and SHA-256 as it arrives, and {@code manifest.json} written last, so a folder
 * without it is an interrupted backup.
 */
public final class BackupReceiver {
  public static final String MANIFEST = "manifest.json";

  private BackupReceiver() {}

  public static BackupResult receive(ClusterChannels channels, String endpoint, Duration timeout, Path dir) {
    // Cancelled when this returns, so that a backup given up here (a damaged file) stops on the node too.
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        Files.createDirectory(dir); // a new folder: a backup never overwrites another
        Iterator<BackupChunk> chunks = ClusterGrpc.newBlockingStub(channels.channelTo(endpoint))
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .backup(BackupRequest.getDefaultInstance());
        BackupChunk first = chunks.hasNext() ? chunks.next() : BackupChunk.getDefaultInstance();
        if (!first.hasManifest()) {
          throw new IllegalStateException(endpoint + " sent a backup without a manifest");
        }
        return write(first.getManifest(), chunks, dir);
      });
    } catch (StatusRuntimeException e) {
      throw ErrorMapper.toException(e, endpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the backup into " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  private static BackupResult write(BackupManifest manifest, Iterator<BackupChunk> chunks, Path dir) throws IOException {
    receiveFiles(manifest.getFilesList().stream().collect(Collectors.toMap(BackupFile::getName, Function.identity())),
        chunks, dir);
    long bytes = 0;
    for (BackupFile file : manifest.getFilesList()) {
      if (file.getBytes() == 0 && !Files.exists(dir.resolve(file.getName()))) {
        new FileWriter(file, dir).finish(); // an empty file has no chunks
      }
      if (!Files.exists(dir.resolve(file.getName()))) {
        throw new IllegalStateException("the backup ended before sending " + file.getName());
      }
      bytes += file.getBytes();
    }
    Files.writeString(dir.resolve(MANIFEST), JsonFormat.printer().print(manifest), StandardCharsets.UTF_8);
    return new BackupResult(dir, manifest.getNodeId(), manifest.getTerm(), manifest.getIndex(), manifest.getKeyCount(),
        manifest.getDigest(), manifest.getFilesCount(), bytes);
  }

  /** Writes the files as their chunks arrive, each checked once complete. */
  private static void receiveFiles(Map<String, BackupFile> expected, Iterator<BackupChunk> chunks, Path dir)
      throws IOException {
    FileWriter current = null;
    try {
      while (chunks.hasNext()) {
        var chunk = chunks.next().getChunk();
        if (current == null || !current.file.getName().equals(chunk.getName())) {
          if (current != null) {
            current.finish();
          }
          current = null;
          BackupFile file = expected.get(chunk.getName());
          if (file == null) {
            throw new IllegalStateException("the backup sent a file its manifest does not list: " + chunk.getName());
          }
          current = new FileWriter(file, dir);
        }
        current.append(chunk.getData().toByteArray());
      }
      if (current != null) {
        current.finish();
      }
      current = null;
    } finally {
      if (current != null) {
        current.out.close(); // abandoned halfway: the folder has no manifest, so it is no backup
      }
    }
  }

  /** One file of the backup being written, checked against the manifest when done. */
  private static final class FileWriter {
    private final BackupFile file;
    private final OutputStream out;
    private final MessageDigest digest;
    private long written;

    FileWriter(BackupFile file, Path dir) throws IOException {
      if (!Path.of(file.getName()).getFileName().toString().equals(file.getName())) {
        throw new IllegalStateException("the backup names a file outside its folder: " + file.getName());
      }
      this.file = file;
      this.out = Files.newOutputStream(dir.resolve(file.getName()));
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    void append(byte[] data) throws IOException {
      out.write(data);
      digest.update(data);
      written += data.length;
    }

    void finish() throws IOException {
      out.close();
      String sha256 = HexFormat.of().formatHex(digest.digest());
      if (written != file.getBytes() || !sha256.equals(file.getSha256())) {
        throw new IllegalStateException("the backup's " + file.getName() + " arrived damaged: " + written + " bytes, sha256 "
            + sha256 + ", where the manifest says " + file.getBytes() + " bytes, sha256 " + file.getSha256());
      }
    }
  }
}
