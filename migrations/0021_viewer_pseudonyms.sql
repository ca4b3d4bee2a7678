-- Viewers see no customer name at all, not initials (issue #19): the one masking function (src/privacy/mask.ts) gives
-- them a pseudonym made from the customer's id. The masked schema serves free SQL, which only analysts (names shown)
-- and admins (nothing masked) may run, so no view uses the initials function 0006 created: it goes, and the SQL
-- masking functions left (e-mail, phone, username) are exactly what an analyst sees, as a test checks.
DROP FUNCTION luxx_masked.mask_name(text);
COMMENT ON SCHEMA luxx_masked IS 'Views with personal data masked as an analyst sees it, read by free-form SQL for every caller but admins (viewers may not run free SQL).';
