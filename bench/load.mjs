// One autocannon run, in its own (pinned) process so that the load generator never shares a core with the proxy
// under test. Options arrive as JSON in argv[2]; the summary is printed as JSON.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const result = await autocannon({ ...opts, pipelining: 1 });
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
