// Every test starts real processes (connector, gateway, dsc) on a shared machine: one at a time keeps their
// timings far from the limits the tests wait for, and their output readable when one fails.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
