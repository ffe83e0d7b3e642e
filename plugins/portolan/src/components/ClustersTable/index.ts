export {
  ClustersTable,
  CapabilityChip,
  architecturesText,
  categoryName,
  specialNodes,
} from './ClustersTable';
