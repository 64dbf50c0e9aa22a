//! Bodies of the REST services around UMS (CSDS, IDP, agentVep, files, reporting).
