// precompress.mjs DIR: writes each shipped file's Brotli twin FILE.br (quality 11, the largest window) beside
// it, for servers that send it with Content-Encoding: br to browsers that accept it (web/serve.mjs
// does). Node's own zlib: no package needed. The .gz twins are written by build-wasm.sh (gzip -9).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error("usage: node web/precompress.mjs DIR");
  process.exit(2);
}
for (const name of fs.readdirSync(dir)) {
  if (/\.(gz|br)$/.test(name)) continue;
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile()) continue;
  const br = zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  fs.writeFileSync(file + ".br", br);
}
