// A stand-in for Ollama that answers every chat with the region it was asked to rewrite, unchanged:
// `eval --llm` runs end to end on a real history with no model, which measures the cases a
// history offers and the experiment's own cost (every answer is rejected: "leaves the region as it
// was"). Not a model: it says nothing of model quality.
//   node scripts/bench/echo-model.mjs [PORT]   then   OLLAMA_HOST=127.0.0.1:PORT attractor-lint eval --llm
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 11555);
let requests = 0;
let promptChars = 0;
const REGION = /The region to rewrite \(lines \d+-\d+\):\n(`{3,})(\w+)\n([\s\S]*?)\n\1/;

const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.method === 'GET') {
    res.end(req.url === '/api/version' ? '{"version":"echo"}' : JSON.stringify({ models: [{ name: process.env.ECHO_MODEL ?? 'qwen2.5-coder:3b' }] }));
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const chat = JSON.parse(body);
    requests++;
    promptChars += chat.messages.reduce((sum, m) => sum + m.content.length, 0);
    const user = chat.messages.find((m) => m.role === 'user')?.content ?? '';
    const region = REGION.exec(user);
    const content = region ? `${region[1]}${region[2]}\n${region[3]}\n${region[1]}` : '';
    res.end(JSON.stringify({ model: chat.model, message: { role: 'assistant', content }, done: true, done_reason: 'stop', prompt_eval_count: 0, eval_count: 0 }));
  });
});
server.listen(port, '127.0.0.1', () => process.stderr.write(`echo model on http://127.0.0.1:${port}\n`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.stderr.write(`${requests} requests, ${requests ? Math.round(promptChars / requests) : 0} characters per prompt on average\n`);
    process.exit(0);
  });
}
