// tshelm's library entry. The CLI is built on these exports; Node tools may use them directly.
export * from './template/types.js';
