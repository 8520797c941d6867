import { hello } from '#libs/domain/src/index.js';
console.log(hello('Lạng Sơn'));
