// The headline cards at the top of the report: what a person looks for first.
import type { EpochLogs } from '../train/fit.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatDuration, formatLoss, formatPercent, formatScore } from './format.js';
import type { ReportInput, ReportTestMetrics } from './report.js';
import { sumFinite } from './sum.js';

/** A headline number: `Test accuracy`, `97.4%`, `35 of 36 correct`; the headline card gets the accent bar. */
export interface Card {
  label: string;
  value: string;
  sub?: string;
  headline?: boolean;
}

const STOP_REASONS: Record<string, string> = {
  epochs: 'ran every epoch',
  earlyStopping: 'stopped early',
  callback: 'stopped by a callback',
};

export function summaryCards(input: ReportInput): string {
  const cards = input.test ? testCards(input.test, input.train) : trainingCards(input);
  cards.push(epochCard(input));
  if (input.seconds !== undefined) {
    const epochs = input.history.length;
    const perEpoch = epochs > 0 && input.seconds > 0 ? `${formatDuration(input.seconds / epochs)} per epoch` : undefined;
    cards.push({ label: 'Time', value: formatDuration(input.seconds), sub: perEpoch });
  }
  return cardGrid(cards);
}

/** The cards in a grid that wraps to the page's width. */
export function cardGrid(cards: readonly Card[]): string {
  return `<div class="cards">${cards.map(renderCard).join('')}</div>`;
}

function testCards(test: ReportTestMetrics, train: ReportInput['train']): Card[] {
  const correct = sumFinite(test.confusionMatrix.map((row, k) => row[k]));
  const total = sumFinite(test.confusionMatrix.flat());
  const sub = total > 0 ? `${formatCount(correct)} of ${formatCount(total)} correct` : undefined;
  const cards: Card[] = [
    { label: 'Test accuracy', value: formatPercent(test.accuracy), sub, headline: true },
    { label: 'Macro F1', value: formatScore(test.macroF1), sub: 'mean F1 over classes' },
    { label: 'Test loss', value: formatLoss(test.loss), sub: train ? `train ${formatLoss(train.loss)}` : undefined },
  ];
  if (train) cards.push({ label: 'Train accuracy', value: formatPercent(train.accuracy), sub: 'after training' });
  return cards;
}

function trainingCards(input: ReportInput): Card[] {
  const last: Partial<EpochLogs> = input.history[input.history.length - 1] ?? {};
  const accuracy = formatPercent(input.train?.accuracy ?? last.accuracy ?? NaN);
  const cards: Card[] = [
    { label: 'Train accuracy', value: accuracy, sub: 'no test set evaluated', headline: true },
    { label: 'Train loss', value: formatLoss(input.train?.loss ?? last.loss ?? NaN) },
  ];
  if (last.valAccuracy !== undefined) {
    cards.push({ label: 'Validation accuracy', value: formatPercent(last.valAccuracy), sub: `loss ${formatLoss(last.valLoss ?? NaN)}, last epoch` });
  }
  return cards;
}

function epochCard(input: ReportInput): Card {
  const notes: string[] = [];
  if (input.stopReason !== undefined) notes.push(STOP_REASONS[input.stopReason] ?? input.stopReason);
  if (input.bestEpoch !== undefined && input.bestEpoch > 0) notes.push(`best epoch ${formatCount(input.bestEpoch)}`);
  return { label: 'Epochs', value: formatCount(input.history.length), sub: notes.length > 0 ? notes.join(' · ') : undefined };
}

function renderCard(card: Card): string {
  const sub = card.sub === undefined ? '' : `<div class="sub">${escapeHtml(card.sub)}</div>`;
  return `<div class="card${card.headline ? ' headline' : ''}"><div class="label">${escapeHtml(card.label)}</div>` +
    `<div class="value">${escapeHtml(card.value)}</div>${sub}</div>`;
}
