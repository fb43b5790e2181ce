// Fetches the Kafka broker's jars from Maven Central (via tools/infra/kafka/pom.xml) into the cache.
//
// There is no Kafka tarball download: Maven resolves org.apache.kafka:kafka_2.13 and its runtime
// dependencies, and `dependency:copy-dependencies` lays them out flat like a distribution's libs/.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { InfraError, log, run, secondsSince } from './util.mjs';

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * True if libs/ was completely written by a previous run for the current pom.xml: the manifest is
 * written last, lists every jar with its size, and records the pom's hash (editing the pom, e.g. to
 * bump a version, therefore triggers a fresh download).
 */
function libsComplete(kafka) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(kafka.libsManifest, 'utf8'));
  } catch {
    return false;
  }
  if (
    manifest.pomSha256 !== sha256(kafka.pom) ||
    !Array.isArray(manifest.jars) ||
    manifest.jars.length === 0
  ) {
    return false;
  }
  return manifest.jars.every(({ name, size }) => {
    try {
      return fs.statSync(path.join(kafka.libsDir, name)).size === size;
    } catch {
      return false;
    }
  });
}

/** Makes sure `${home}/libs` holds the broker's jars; runs Maven only when they are missing. */
export async function ensureKafkaJars(kafka) {
  if (libsComplete(kafka)) {
    log(`Kafka ${kafka.version} jars: cached in ${kafka.libsDir}`);
    return;
  }

  const started = Date.now();
  log(`Kafka ${kafka.version} jars: fetching from Maven Central into ${kafka.libsDir} ...`);
  fs.mkdirSync(kafka.home, { recursive: true });

  // Download into a private temp dir and swap it in at the end, so an interrupted run never
  // leaves a half-filled libs/ that a later run would mistake for a complete one.
  const tmpDir = path.join(kafka.home, `libs.tmp-${process.pid}`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  try {
    await run('mvn', [
      '-q',
      '-B',
      '-f',
      kafka.pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmpDir}`,
    ]).catch((err) => {
      if (err instanceof InfraError && /not found on PATH/.test(err.message)) {
        throw new InfraError(
          'Maven (`mvn`) is required to fetch the Kafka jars; install it (apt-get install maven)',
        );
      }
      throw err;
    });

    const jars = fs
      .readdirSync(tmpDir)
      .filter((name) => name.endsWith('.jar'))
      .map((name) => ({ name, size: fs.statSync(path.join(tmpDir, name)).size }));
    if (!jars.some(({ name }) => name.startsWith(`kafka_2.13-${kafka.version}`))) {
      throw new InfraError(`Maven ran but kafka_2.13-${kafka.version}.jar is not among the copied jars`);
    }
    fs.writeFileSync(
      path.join(tmpDir, path.basename(kafka.libsManifest)),
      JSON.stringify({ pomSha256: sha256(kafka.pom), jars }, null, 2) + '\n',
    );

    fs.rmSync(kafka.libsDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, kafka.libsDir);
    log(`Kafka ${kafka.version} jars: ${jars.length} jars fetched in ${secondsSince(started)}`);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}
