package io.raftcache.node.resp;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

/** CLIENT LIST and CLIENT INFO lines, with the fields of Redis's that raftcache knows. */
final class ClientList {
  private ClientList() {}

  static String line(Session s) {
    long now = System.currentTimeMillis();
    return "id=" + s.id
        + " addr=" + s.address
        + " name=" + s.name
        + " age=" + (now - s.createdMillis) / 1000
        + " idle=" + (now - s.lastCommandMillis) / 1000
        + " flags=" + (s.readOnly ? "r" : "N")
        + " db=0 multi=-1"
        + " resp=" + s.protocol
        + " cmd=" + s.lastCommand
        + " lib-name=" + s.libName
        + " lib-ver=" + s.libVersion;
  }

  static String of(Collection<Session> sessions) {
    return sessions.stream()
        .sorted(Comparator.comparingLong(s -> s.id))
        .map(ClientList::line)
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
