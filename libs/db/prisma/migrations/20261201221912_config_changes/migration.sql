-- CreateTable
CREATE TABLE "ConfigChange" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "ConfigChange_pkey" PRIMARY KEY ("id")
);

-- Every statement that writes a table the config document is built from appends one row, inside the writer's
-- transaction. Resource, Method, Integration and the other editing tables reach the document only through a
-- deployment's snapshot, so they are not listed; UsageCounter is not part of the document.
CREATE FUNCTION portico_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ConfigChange" DEFAULT VALUES;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "RestApi_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RestApi" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "Deployment_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Deployment" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "Stage_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Stage" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "ApiKey_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiKey" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "UsagePlan_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "UsagePlan" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "UsagePlanKey_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "UsagePlanKey" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "Account_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Account" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamAccount_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamAccount" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamUser_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamUser" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamRole_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamRole" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamManagedPolicy_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamManagedPolicy" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamInlinePolicy_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamInlinePolicy" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamPolicyAttachment_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamPolicyAttachment" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamAccessKey_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamAccessKey" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "VpcEndpoint_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "VpcEndpoint" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
