import { describe, expect, it } from 'vitest';
import { contractColumn } from './layout.js';
import { LineProblems } from '../../platform/imports/lineProblems.js';

describe('contract import layout', () => {
  it('names the column of each field a rule or the API can blame', () => {
    expect(contractColumn('trainee.birthDate')).toBe('Date de naissance');
    expect(contractColumn('trainingHours')).toBe('Heures de formation');
    expect(contractColumn('tutor.otherTrainees')).toBe('Nom du tuteur');
    expect(contractColumn('tutor.relatedExperienceMonths')).toBe('Expérience du tuteur (mois)');
    expect(contractColumn('newTutor.isEmployer')).toBe('Tuteur employeur');
    expect(contractColumn('quota')).toBe('Réservé binôme');
    expect(contractColumn('trainee.publics.0')).toBe('Publics prioritaires');
    expect(contractColumn('somethingElse')).toBe('');
  });

  it('lists errors by line, keeping the order within a line, and counts beyond the cap', () => {
    const problems = new LineProblems();
    problems.add(5, 'Sexe', 'b.');
    problems.add(3, '', 'a.');
    problems.add(5, 'Nom', 'c.');
    problems.add(0, '', 'illisible.');
    expect(problems.errors().errors.map((e) => e.message)).toEqual(['Fichier : illisible.', 'Ligne 3 : a.', 'Ligne 5, colonne « Sexe » : b.', 'Ligne 5, colonne « Nom » : c.']);
    for (let i = 0; i < 300; i++) problems.add(10, '', 'x.');
    expect(problems.errors()).toMatchObject({ errorCount: 304, truncated: true });
    expect(problems.errors().errors).toHaveLength(200);
  });
});
