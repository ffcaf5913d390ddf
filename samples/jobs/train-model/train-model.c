/*
 * train-model: asks the host to train a linear regression of tax on income and employees
 * (output kind "model").
 *
 * The job reads no rows itself: the host streams the granted columns into ML.NET, trains,
 * and releases only the model's parameters and metrics. The model is not the job's to choose
 * at run time: its manifest declares it, and the spec below must be exactly that model, or the
 * host stops the job (ModelMismatch). The manifest this job is submitted with says:
 *
 *   "output": "model",
 *   "columns": ["income", "employees", "tax"],
 *   "model": {"trainer": "linear-regression", "label": "tax", "features": ["income", "employees"]}
 */
#include "dsc_util.h"

static const char SPEC[] =
    "{\"trainer\":\"linear-regression\",\"label\":\"tax\",\"features\":[\"income\",\"employees\"]}";

DSC_EXPORT("dsc_abi_version") int32_t dsc_abi_version(void)
{
    return DSC_ABI_VERSION;
}

DSC_EXPORT("dsc_run") int32_t dsc_run(void)
{
    dsc_train((const uint8_t *)SPEC, (int32_t)(sizeof(SPEC) - 1));
    return 0;
}
