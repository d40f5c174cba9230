-- WAF effectiveness (issue 14, docs/adr/0017-waf-effectiveness-suite.md): an item's measured result
-- may come from a `proven waf` report attached as its evidence. The run's summary as read back and
-- checked by waf::ReadReport (grade, balanced accuracy, TPR and FPR with their intervals, corpus
-- fingerprint, rule set, per category), as JSON; '' for an item without one.
ALTER TABLE verification_items ADD COLUMN waf_summary TEXT NOT NULL DEFAULT '';
