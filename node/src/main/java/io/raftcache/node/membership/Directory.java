package io.raftcache.node.membership;

import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.ConfigLoader;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the members are (the Raft group's configuration, which the log carries) and where each is
 * (the cluster file, re-read when the members change or a member is not in it, so that a node
 * added after this one started can be reached). Every front end looks nodes up here.
 */
public final class Directory {
  private static final Logger LOG = LoggerFactory.getLogger(Directory.class);

  private volatile ClusterConfig file;
  private volatile Membership members;
  private final Throttle rereads = new Throttle(Duration.ofSeconds(5));

  public Directory(ClusterConfig file, Membership members) {
    this.file = file;
    this.members = members;
  }

  /** The group's members now, as this node last learned them. */
  public Membership membership() {
    return members;
  }

  /** The cluster file as last read. */
  public ClusterConfig file() {
    return file;
  }

  /** Where node {@code id} is, if the cluster file lists it. */
  public Optional<NodeConfig> node(String id) {
    Optional<NodeConfig> node = file.find(id);
    if (node.isEmpty() && rereads.allow()) {
      reread();
      node = file.find(id);
    }
    return node;
  }

  /** Where node {@code id} is as the cluster file says now: read again, for a node about to be added. */
  public Optional<NodeConfig> nodeAsFileSaysNow(String id) {
    reread();
    return file.find(id);
  }

  /** The members the cluster file lists, voters first; a member it does not list is left out. */
  public List<NodeConfig> members() {
    return listed(members, id -> true);
  }

  /** The members that are read replicas, as {@link #members()}. */
  public List<NodeConfig> replicas() {
    Membership now = members;
    return listed(now, now::isReplica);
  }

  /** The members that vote, as {@link #members()}. */
  public List<NodeConfig> voters() {
    Membership now = members;
    return listed(now, id -> !now.isReplica(id));
  }

  /** The ids of {@code now} that {@code which} accepts, as the file lists them (one reading of the members). */
  private List<NodeConfig> listed(Membership now, Predicate<String> which) {
    return now.ids().stream().filter(which).flatMap(id -> file.find(id).stream()).toList();
  }

  /**
   * Called as this node applies a configuration of the group (every new leader commits one). The
   * file is read again only when it does not list a member as the group has it, which happens
   * only after a membership change.
   */
  public void membershipChanged(Membership now) {
    if (!now.equals(members)) {
      LOG.info("The group's members: {}", now);
    }
    members = now;
    if (now.all().stream().allMatch(this::listed)) {
      return;
    }
    reread();
    now.all().stream().filter(m -> !listed(m)).forEach(this::warnUnlisted);
  }

  private boolean listed(Membership.Member m) {
    return file.find(m.id()).map(n -> n.raftAddress().equals(m.raftAddress())).orElse(false);
  }

  private void warnUnlisted(Membership.Member m) {
    Optional<NodeConfig> listed = file.find(m.id());
    if (listed.isEmpty()) {
      LOG.warn("Member {} (Raft {}) is not in {}: this node cannot send clients or forwarded writes to it;"
          + " add it to this node's copy of the file", m.id(), m.raftAddress(), file.file());
    } else if (!listed.get().raftAddress().equals(m.raftAddress())) {
      LOG.warn("Member {} is at Raft {} in the group but at {} in {}", m.id(), m.raftAddress(),
          listed.get().raftAddress(), file.file());
    }
  }

  private void reread() {
    try {
      ClusterConfig reread = ConfigLoader.load(file.file());
      if (!reread.cluster().equals(file.cluster())) {
        LOG.warn("{} now names cluster '{}', not '{}': ignoring the change", file.file(), reread.cluster(), file.cluster());
        return;
      }
      file = reread;
    } catch (ConfigException e) {
      LOG.warn("Could not re-read the cluster file, keeping the addresses read before: {}", e.getMessage());
    }
  }
}
