// Preloaded (`node --import`) into every process the fault suite starts: if the suite's runner dies without
// cleaning up (kill -9, a crashed Jest worker), the service it started exits by itself within a second instead
// of being left running. It does not touch the service's behaviour in any other way.
const parent = process.ppid;
const timer = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
}, 500);
timer.unref();
