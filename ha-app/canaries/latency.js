// Response time: GET / must answer within MAX_MS milliseconds.
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

exports.handler = async function () {
  const url = new URL(process.env.TARGET_URL);
  const maxMs = parseInt(process.env.MAX_MS || '2000', 10);
  const options = { hostname: url.hostname, method: 'GET', path: '/', port: url.port || 80, protocol: url.protocol };
  const started = Date.now();
  await synthetics.executeHttpStep('timed GET /', options, async function (res) {
    const elapsed = Date.now() - started;
    log.info('status ' + res.statusCode + ' in ' + elapsed + ' ms');
    if (res.statusCode >= 400) {
      throw new Error('unexpected status ' + res.statusCode);
    }
    if (elapsed > maxMs) {
      throw new Error('response took ' + elapsed + ' ms (limit ' + maxMs + ' ms)');
    }
  });
};
