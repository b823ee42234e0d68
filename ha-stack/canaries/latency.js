// Response time: GET / must answer within MAX_MS milliseconds.
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

exports.handler = async function () {
  const url = new URL(process.env.TARGET_URL);
  const maxMs = parseInt(process.env.MAX_MS || '2000', 10);
  // TARGET_URL is https://<app domain>/ with a certificate (HTTP only redirects), else http://<alb>/.
  const port = url.port || (url.protocol === 'https:' ? 443 : 80);
  const options = { hostname: url.hostname, method: 'GET', path: url.pathname, port: port, protocol: url.protocol };
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
