export { EntityImageCard } from './EntityImageCard';
