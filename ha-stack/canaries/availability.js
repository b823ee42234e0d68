// HTTP availability: GET / on the ALB must answer 2xx.
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

exports.handler = async function () {
  const url = new URL(process.env.TARGET_URL);
  // TARGET_URL is https://<app domain>/ with a certificate (HTTP only redirects), else http://<alb>/.
  const port = url.port || (url.protocol === 'https:' ? 443 : 80);
  const options = { hostname: url.hostname, method: 'GET', path: url.pathname, port: port, protocol: url.protocol };
  await synthetics.executeHttpStep('GET /', options, async function (res) {
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw new Error('unexpected status ' + res.statusCode);
    }
    log.info('status ' + res.statusCode);
  });
};
