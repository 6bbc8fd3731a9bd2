/**
 * The sections, in the order they run and appear in the report.
 * @module
 */
import type { Section } from '../types';
import { aggregation } from './aggregation';
import { dkg } from './dkg';
import { sharing } from './sharing';
import { threshold } from './threshold';
import { throughput } from './throughput';
import { verification } from './verification';

export const SECTIONS: readonly Section[] = [aggregation, verification, threshold, sharing, dkg, throughput];
