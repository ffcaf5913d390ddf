// One test sets the process-wide DSC_KEY_PASSPHRASE variable (KeysCommandTests), and every verb that writes
// or reads a key file (keys, demo, serve, catalog, audit) honours it: run this assembly's tests one at a time
// so that no other test writes an encrypted key while it is set.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
