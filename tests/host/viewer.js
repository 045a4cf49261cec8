// SPDX-License-Identifier: LGPL-2.1 OR MIT
// Opens a Trace Event Format file in speedscope (a viewer that works
// offline) inside headless chromium, and prints as JSON what a person
// would see: the toolbar's title, the frame names of the Sandwich view,
// and the pixels of the flame chart in a screenshot.
//
//   node viewer.js SPEEDSCOPE_DIR TRACE.json SCREENSHOT.png
//
// speedscope only loads a #profileURL over http, so the files are served
// on 127.0.0.1 (an ephemeral port) for the time of the test. chromium is
// driven through the DevTools protocol on a pipe (--remote-debugging-pipe:
// fds 3 and 4, messages ended by NUL), which needs no package. Waits are
// for what the page shows, bounded by one deadline that fails the run.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const [viewerDir, trace, shotFile] = process.argv.slice(2);
const DEADLINE_MS = 20000;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
	'.wasm': 'application/wasm', '.json': 'application/json' };

function fail(msg) {
	console.log(JSON.stringify({ error: msg }));
	process.exit(1);
}

// viewerDir's files, and the trace as /trace.json
const server = http.createServer((req, res) => {
	const name = decodeURIComponent(req.url.split(/[?#]/)[0]);
	const file = name === '/trace.json' ? trace : path.join(viewerDir, path.normalize(name));
	fs.readFile(file, (err, data) => {
		if (err) {
			res.writeHead(404);
			res.end();
			return;
		}
		res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
		res.end(data);
	});
});

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-viewer-'));
const browser = spawn('chromium', ['--headless', '--no-sandbox', '--remote-debugging-pipe',
	'--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--window-size=1200,800',
	'--no-first-run', '--user-data-dir=' + profile, 'about:blank'],
	{ stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const deadline = setTimeout(() => done(null, 'no answer within ' + DEADLINE_MS / 1000 + ' s'), DEADLINE_MS);

let nextId = 0, inbuf = '', finished = false;
const waiting = new Map();
browser.stdio[4].on('data', (chunk) => {
	inbuf += chunk;
	for (let i; (i = inbuf.indexOf('\0')) >= 0; inbuf = inbuf.slice(i + 1)) {
		const m = JSON.parse(inbuf.slice(0, i));
		if (m.id && waiting.has(m.id)) {
			waiting.get(m.id)(m);
			waiting.delete(m.id);
		} else if (m.method === 'Page.javascriptDialogOpening') {
			done(null, 'speedscope said: ' + m.params.message);	// its alert: an import failed
		}
	}
});
browser.on('error', (e) => done(null, 'cannot run chromium: ' + e.message));

function send(method, params, sessionId) {
	return new Promise((resolve, reject) => {
		const m = { id: ++nextId, method, params: params || {} };
		if (sessionId)
			m.sessionId = sessionId;
		waiting.set(m.id, (r) => (r.error ? reject(new Error(method + ': ' + r.error.message)) : resolve(r.result)));
		browser.stdio[3].write(JSON.stringify(m) + '\0');
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The answer, once chromium is gone (its profile directory with it).
function done(result, error) {
	if (finished)
		return;
	finished = true;
	clearTimeout(deadline);
	server.close();
	browser.once('exit', () => {
		try {
			fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
		} catch (e) {
			// left in the temporary directory
		}
		if (error)
			fail(error);
		console.log(JSON.stringify(result));
		process.exit(0);
	});
	if (browser.exitCode !== null || browser.signalCode !== null || !browser.kill('SIGKILL'))
		browser.emit('exit');
}

// In the page: the PNG's pixels below the toolbar and the time axis (y >=
// 40), drawn on a 2D canvas: how many are coloured (not white, grey or
// black: channels differ by more than 24) and how many colours they use.
const pixelsFn = `async (png) => {
	const img = new Image();
	img.src = 'data:image/png;base64,' + png;
	await img.decode();
	const c = document.createElement('canvas');
	c.width = img.width;
	c.height = img.height;
	const g = c.getContext('2d');
	g.drawImage(img, 0, 0);
	const d = g.getImageData(0, 40, img.width, img.height - 40).data;
	const colours = new Set();
	let coloured = 0;
	for (let i = 0; i < d.length; i += 4) {
		const r = d[i], gr = d[i + 1], b = d[i + 2];
		if (Math.max(r, gr, b) - Math.min(r, gr, b) > 24) {
			coloured++;
			colours.add((r >> 3) << 10 | (gr >> 3) << 5 | (b >> 3));
		}
	}
	return { width: img.width, height: img.height - 40, coloured, colours: colours.size };
}`;

async function evaluate(s, expression) {
	const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, s);
	if (r.exceptionDetails)
		throw new Error('in the page: ' + (r.exceptionDetails.exception || {}).description);
	return r.result.value;
}

// Polls the page until expr is true (the deadline ends a page that never shows it).
async function until(s, expr) {
	while (!(await evaluate(s, `(() => { try { return ${expr}; } catch (e) { return false; } })()`))) {
		await sleep(100);
	}
}

(async () => {
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${server.address().port}/index.html#profileURL=trace.json`;
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId: s } = await send('Target.attachToTarget', { targetId, flatten: true });
	await send('Page.enable', {}, s);
	await send('Runtime.enable', {}, s);
	await send('Page.navigate', { url }, s);
	// loaded: the toolbar names the first track, "NAME (pid P), NAME (tid T) (1/N)"
	await until(s, `/\\(1\\/\\d+\\)/.test(document.body.innerText)`);
	// two frames drawn after that
	await evaluate(s, `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
	const title = await evaluate(s, `document.body.innerText.split('\\n').find((l) => /\\(1\\/\\d+\\)/.test(l))`);
	const shot = await send('Page.captureScreenshot', { format: 'png' }, s);
	fs.writeFileSync(shotFile, Buffer.from(shot.data, 'base64'));
	const pixels = await evaluate(s, `(${pixelsFn})(${JSON.stringify(shot.data)})`);
	// the Sandwich view: a table of the track's frames (slices by name)
	await evaluate(s, `[...document.querySelectorAll('div')].find((e) => e.textContent.trim().endsWith('Sandwich') && e.children.length <= 1).click()`);
	// its rows: "Total\tSelf\tSymbol Name", then a row per frame (the
	// table of threads before it has no tabs)
	await until(s, `[...document.querySelectorAll('table tr')].some((r) => /\t/.test(r.innerText) && !r.innerText.startsWith('Total'))`);
	const frames = await evaluate(s, `[...document.querySelectorAll('table tr')].map((r) => r.innerText)`);
	done({ title, pixels, frames });
})().catch((e) => done(null, e.message));
