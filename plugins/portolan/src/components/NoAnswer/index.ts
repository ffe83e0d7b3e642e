export { NoAnswer } from './NoAnswer';
