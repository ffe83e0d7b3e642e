export { OfferingsMatrix } from './OfferingsMatrix';
