export {
  EntityDoraCard,
  DoraFigures,
  PeriodSelect,
  DORA_PERIODS,
} from './EntityDoraCard';
export { DoraBandLabel } from './DoraBandLabel';
export { useAsyncAnswer } from './useDora';
export * from './doraFormat';
