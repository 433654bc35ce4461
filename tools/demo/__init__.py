"""Demo PIRAMIG submissions: `python -m tools.demo` writes seeds/demo/.

What is generated
- One file per region and activity year (2019, 2020, 2021) for the 17 regions that have PASS (Mayotte has
  none), one row per PASS, as the regional offices send them (office_files.py): CSV in several encodings,
  separators and decimal marks, a few XLSX workbooks; each office keeps its habits from year to year with a
  few changes. Normandie's 2021 report comes twice: a flawed first file and its correction
  (`..._correction.csv`); anomalies_attendues.csv lists the flaws, envois.csv the reception of every file.
- The figures are made up but reproduce the DGOS webinar of 26 May 2023, read from
  seeds/published/webinaire_2023_05_26.csv and seeds/reference (targets.py): nothing is typed in.

Choices
- Fill rate of a PASS: answered / applicable questions of the contract (55 for a generalist PASS, 50 for the
  others); a region's rate is the mean over its PASS, the national rate the mean over all PASS.
- The webinar's PASS counts are the 2021 ones. With them, 2019 cannot reach its national rate (the weighted
  mean of the regional rates is 91.75, not 91.78), so 2019 and 2020 have slightly different numbers of PASS:
  PASS that opened later, a few that closed since (e.g. Corse has a fourth generalist and a psychiatric
  PASS in 2019-2020). A region stays within 2 PASS of its 2021 count and of the previous year (the project's
  nb_pass_evolution check). fill_rates.py searches the counts and answered questions exactly (integers).
- Some published rates cannot be reached by any count of PASS allowed above, and are then the closest
  reachable value, the national rate staying exact: 2021 Corse (3 generalist PASS: rates are multiples of
  100/165, 65.86 is not; 65.45) and Guadeloupe (2 PASS: multiples of 100/110; 93.64 for 93.42); 2020 La
  Réunion (99.81 needs at least 19 PASS; 99.80 with 9) and Bourgogne-Franche-Comté (99.92 needs at least 22
  PASS; 99.90 with 19).
- Medical FTE classes: the printed table adds up to 436 PASS, not 438; the 2 PASS it leaves out are counted
  as "non disponible" (59 instead of the printed 57).
- Guyane printed "-" for new patients: none of its PASS answers nouveaux_patients (every year).
- "Un peu plus de 22 000 actes" is read as [22 000, 23 000), "près de 1,4 M€" as [1.35, 1.4) M€.
- Team FTE = sum of the answered etp_* fields except interns; its mean (2.50) and median (1.75) hold exactly
  over the PASS that answer at least one of them.
- 2019 and 2020 follow each PASS's 2021 figures with a yearly trend (2020 lower: COVID); in 2019 the national
  share of pregnancy follow-ups is the webinar's 22 %.
- The flawed Normandie file breaks eight rules, one per PASS row (flaws.py); the row whose file active is
  written "douze" gives no new patients, so that it breaks no other rule.
- Deterministic: every random draw comes from `random.Random` seeded with a string and uses arithmetic only;
  XLSX files carry fixed dates, so the same code writes the same bytes.
"""
