// Valid identifiers for the load scripts (benchmarks, fault injection), unique within a process.
export { freePort } from '../../scripts/throwaway-postgres.mjs';

let plateCounter = 0;
/** A valid Vietnamese tractor plate `NNL-NNN.NN`, unique within the process (R is the trailer series). */
export function nextPlate() {
  const n = plateCounter++;
  const province = 11 + (n % 88);
  const letters = 'ABCDEFGHKLMNPSTUVXYZ';
  const series = letters[Math.floor(n / 88) % letters.length];
  const digits = String(Math.floor(n / (88 * letters.length)) % 100000).padStart(5, '0');
  return `${province}${series}-${digits.slice(0, 3)}.${digits.slice(3)}`;
}

/** A tax code with a valid check digit (weights 31,29,23,19,17,13,7,5,3), one per index. */
export function taxCode(i) {
  for (let k = 0; ; k++) {
    const first9 = String(100000000 + ((i * 1000 + k + (process.pid % 1000) * 100000) % 899999999));
    const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((acc, w, j) => acc + w * Number(first9[j]), 0);
    const check = 10 - (sum % 11);
    if (check < 10) return `${first9}${check}`;
  }
}
