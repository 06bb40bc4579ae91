package io.raftcache.node.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's compatibility table is the one {@link Compatibility} generates from the command
 * table. To update it after adding a command: {@code mvn -pl node test -Dtest=CompatibilityTableTest
 * -Draftcache.updateReadme=true}.
 */
class CompatibilityTableTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String BEGIN = "<!-- compatibility table: generated, see CompatibilityTableTest -->\n";
  private static final String END = "<!-- end of compatibility table -->";

  @Test
  void readme_showsTheTableOfTheCommandsServed() throws IOException {
    String readme = Files.readString(README);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README marks where the table goes").isNotNegative();
    String generated = Compatibility.markdown(new RespCommands());
    if (Boolean.getBoolean("raftcache.updateReadme")) {
      Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + generated + readme.substring(end));
      return;
    }
    assertThat(readme.substring(begin + BEGIN.length(), end)).isEqualTo(generated);
  }

  @Test
  void everyDeparture_namesACommandThatIsServed_andNothingListedAsNotServedIsServed() {
    RespCommands table = new RespCommands();
    assertThat(Compatibility.DEPARTURES.keySet()).allMatch(name -> table.named(name) != null);
    assertThat(Compatibility.NOT_SERVED).allMatch(name -> table.named(name) == null);
  }
}
