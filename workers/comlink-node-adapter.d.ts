// comlink ships types for its Node adapter only under the extensionless path; Node needs the `.mjs` one.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
