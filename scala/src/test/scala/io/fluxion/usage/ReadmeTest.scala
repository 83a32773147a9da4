package io.fluxion.usage

import java.nio.file.{Files, Path, Paths}
import org.junit.jupiter.api.Assertions.{assertEquals, assertTrue}
import org.junit.jupiter.api.Test

/**
 * What the README's section Scala tells a Scala user to write is what the build compiles: its
 * example is [[ReadmeScala]]'s, line for line, and its coordinates are this build's.
 */
class ReadmeTest {
  /** The module's directory is scala/scala-2.13 or scala/scala-3. */
  private val root = Paths.get("").toAbsolutePath.getParent.getParent

  private def read(p: Path): String = new String(Files.readAllBytes(p), "UTF-8")

  /** The fenced blocks of a language in the README's section Scala. */
  private def blocks(language: String): List[String] = {
    val readme = read(root.resolve("README.md"))
    val start = readme.indexOf("\n## Scala\n")
    assertTrue(start >= 0, "the README has a section Scala")
    val end = readme.indexOf("\n## ", start + 1)
    val section = readme.substring(start, if (end < 0) readme.length else end)
    ("(?s)```" + language + "\n(.*?)```").r.findAllMatchIn(section).map(_.group(1)).toList
  }

  @Test def theReadmesExampleIsTheOneTheCompilersCompile(): Unit = {
    val examples = blocks("scala").filter(_.startsWith("import io.fluxion.syntax._"))
    assertEquals(1, examples.size, "one example starting with the import")
    val source = read(root.resolve("scala/src/test/scala/io/fluxion/usage/ReadmeScala.scala"))
    val between = source.substring(source.indexOf("// README begin\n") + "// README begin\n".length,
      source.indexOf("    // README end"))
    val compiled = between.linesIterator.map(l => if (l.startsWith("    ")) l.substring(4) else l).mkString("", "\n", "\n")
    assertEquals(examples.head, compiled)
  }

  @Test def theCoordinatesAreThisBuilds(): Unit = {
    val version = System.getProperty("fluxion.version")
    assertTrue(version != null && version.nonEmpty, "the build passes fluxion.version")
    assertTrue(blocks("scala").exists(_.contains("\"io.fluxion\" %% \"fluxion-scala\" % \"" + version + "\"")), "sbt")
    val poms = List("scala-2.13", "scala-3").map(m => read(root.resolve("scala").resolve(m).resolve("pom.xml")))
    val xml = blocks("xml").mkString
    for (artifact <- List("fluxion-scala_2.13", "fluxion-scala_3")) {
      assertTrue(poms.exists(_.contains("<artifactId>" + artifact + "</artifactId>")), artifact + " is built")
      assertTrue(xml.contains(artifact), artifact + " in the README")
    }
  }
}
