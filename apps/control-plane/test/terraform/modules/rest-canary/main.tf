# A REST API released with a canary, as a team writes one: two deployments of one API (the second made after the
# method's mock changed), the stage on the first with `canary_settings` sending `percent` percent of its traffic
# to the second, with a stage variable overridden. The suite applies it, plans it (no drift), changes the share,
# applies again, and destroys it.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "name" { type = string }
variable "percent" {
  type    = number
  default = 10
}

resource "aws_api_gateway_rest_api" "this" {
  name = var.name
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "hello" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "hello"
}

resource "aws_api_gateway_method" "hello" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.hello.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "hello" {
  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = aws_api_gateway_resource.hello.id
  http_method       = aws_api_gateway_method.hello.http_method
  type              = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }
}

# The base release and the canary release: two snapshots of the same tree.
resource "aws_api_gateway_deployment" "base" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "base"
  depends_on  = [aws_api_gateway_integration.hello]
}

resource "aws_api_gateway_deployment" "canary" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "canary"
  depends_on  = [aws_api_gateway_deployment.base]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  stage_name    = "prod"
  deployment_id = aws_api_gateway_deployment.base.id
  variables     = { color = "blue" }

  canary_settings {
    deployment_id            = aws_api_gateway_deployment.canary.id
    percent_traffic          = var.percent
    stage_variable_overrides = { color = "green" }
    use_stage_cache          = false
  }
}

output "api_id" { value = aws_api_gateway_rest_api.this.id }
output "base_deployment_id" { value = aws_api_gateway_deployment.base.id }
output "canary_deployment_id" { value = aws_api_gateway_deployment.canary.id }
