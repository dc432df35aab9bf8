export * from './driver.js';
export * from './storage.js';
