// The peer of `vow ingest` and `vow report` in docs/performance.md: DuckDB,
// one thread, reads the same NDJSON into a table in a database file, then
// runs a first-response query (per customer and priority: tickets, how many
// had an agent's public reply, the mean time to it).
//
//   node read_json.mjs EVENTS.ndjson DB.duckdb
import { DuckDBInstance } from '@duckdb/node-api';

const [file, db] = process.argv.slice(2);
const inst = await DuckDBInstance.create(db, { threads: '1' });
const con = await inst.connect();
const seconds = (t) => ((performance.now() - t) / 1000).toFixed(2);

let t = performance.now();
await con.run(`CREATE TABLE events AS SELECT * FROM read_json('${file}', format = 'newline_delimited')`);
await con.run('CHECKPOINT');
console.log(`duckdb read_json into a table (one thread, durable): ${seconds(t)} s`);

t = performance.now();
const r = await con.runAndReadAll(`
  WITH opened AS (
    SELECT ticket, customer, priority, CAST("at" AS TIMESTAMP) AS at FROM events WHERE type = 'ticket.opened'),
  replied AS (
    SELECT ticket, min(CAST("at" AS TIMESTAMP)) AS at FROM events
    WHERE type = 'ticket.replied' AND author = 'agent' GROUP BY ticket)
  SELECT o.customer, o.priority, count(*) AS tickets, count(r.at) AS replied,
         avg(epoch(r.at) - epoch(o.at)) AS mean_seconds
  FROM opened o LEFT JOIN replied r USING (ticket)
  GROUP BY ALL ORDER BY ALL`);
console.log(`duckdb first-response query: ${seconds(t)} s (${r.currentRowCount} rows)`);
