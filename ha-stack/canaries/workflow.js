// Functional workflow: load the page in the browser and check its content.
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

exports.handler = async function () {
  const page = await synthetics.getPage();
  await synthetics.executeStep('open home page', async function () {
    const res = await page.goto(process.env.TARGET_URL, { waitUntil: 'domcontentloaded', timeout: 30000 });
    if (!res || res.status() >= 400) {
      throw new Error('home page failed: ' + (res ? res.status() : 'no response'));
    }
  });
  await synthetics.executeStep('check content', async function () {
    const title = await page.title();
    const body = await page.content();
    log.info('title: ' + title);
    if (body.length === 0) {
      throw new Error('empty page');
    }
  });
};
