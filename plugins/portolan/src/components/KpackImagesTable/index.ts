export { KpackImagesTable } from './KpackImagesTable';
