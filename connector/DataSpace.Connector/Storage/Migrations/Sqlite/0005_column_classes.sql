-- Column classification and the leak check's verdict (docs/sandbox-custom-output.md): each dataset's columns are
-- classed at registration (identifying, quasiIdentifying, sensitive, public; a JSON object from column name to class,
-- null for a dataset registered before this migration, whose columns are all sensitive), and the verdict of the leak
-- check is kept with the custom output it passed, for the supplier's review (null for output held before it).
ALTER TABLE datasets ADD COLUMN column_classes_json TEXT;
ALTER TABLE held_outputs ADD COLUMN leak_check_json TEXT;
