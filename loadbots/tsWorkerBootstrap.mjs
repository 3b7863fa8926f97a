// Worker-thread entry for TypeScript modules (see spawnWorker.ts): registers tsx's
// loader in this thread, then imports the module named by the first argument.
import { register } from "tsx/esm/api";

register();
await import(process.argv[2]);
