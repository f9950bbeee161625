-- 010: the one rule for showing a survey value, shared by every survey query. A value may be
-- shown when the source did not hide it (flag), it is not missing, and it comes from at least
-- min_n respondents (or an unknown number); otherwise shown_value is NULL and suppressed_reason
-- says why ('..', 'XX', 'n<10' …). The hidden value never leaves a query that uses these.
CREATE MACRO shown_value(value, flag, n_respondents, min_n) AS
    CASE WHEN flag IS NULL AND value IS NOT NULL AND (n_respondents IS NULL OR n_respondents >= min_n)
         THEN value END;
CREATE MACRO suppressed_reason(value, flag, n_respondents, min_n) AS
    CASE WHEN flag IS NOT NULL THEN flag
         WHEN value IS NULL THEN '..'
         WHEN n_respondents < min_n THEN 'n<' || min_n END;
