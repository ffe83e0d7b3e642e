export { EntityViewCard } from './EntityViewCard';
export type { EntityViewCardProps } from './EntityViewCard';
