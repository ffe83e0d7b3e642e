/*
 * The images model: buildpacks facts read from image labels or kpack, the
 * registry's facts about an image, rebase state, kpack Images and Builds,
 * and the images an entity runs.
 */
export * from './buildpacks';
export * from './imageFacts';
export * from './rebase';
export * from './kpack';
export * from './runningImage';
