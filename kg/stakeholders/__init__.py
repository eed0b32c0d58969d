"""Stage 5, stakeholders: the register, scores, grid, pledge tracker and workbook of a
stakeholder-mapping session, each score with the evidence behind it."""
