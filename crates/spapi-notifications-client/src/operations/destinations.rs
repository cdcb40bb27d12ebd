//! `getDestinations`, `createDestination`, `getDestination`, `deleteDestination` (grantless).

use super::{literal, path};
use crate::transport::{Call, Payload, Tokens, decode};
use crate::{
    CreateDestinationRequest, Destination, Error, NotificationsClient, Operation, Response,
};

impl NotificationsClient {
    /// `getDestinations`: every destination of the application.
    ///
    /// # Errors
    ///
    /// How the call failed (see [`Error`]).
    pub async fn get_destinations(&self) -> Result<Response<Vec<Destination>>, Error> {
        let operation = Operation::GetDestinations;
        let call = Call::new(
            operation,
            path(&[literal("destinations")])?,
            Tokens::Grantless,
        );
        let response = decode::<Payload<Option<Vec<Destination>>>>(
            operation,
            self.inner.execute(call).await?,
        )?
        .map(|body| body.payload.unwrap_or_default());
        self.remember_channels(&response.value);
        Ok(response)
    }

    /// `createDestination`: a destination on an SQS queue or EventBridge, checked before it is
    /// sent (see [`CreateDestinationRequest::validate`]).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a request that breaks the model's rules; otherwise [`Error`]
    /// as described there (a 409 when the resource already has a destination: see
    /// [`ensure_destination`](Self::ensure_destination)).
    pub async fn create_destination(
        &self,
        request: &CreateDestinationRequest,
    ) -> Result<Response<Destination>, Error> {
        request.validate()?;
        let operation = Operation::CreateDestination;
        let mut call = Call::new(
            operation,
            path(&[literal("destinations")])?,
            Tokens::Grantless,
        )
        .json(request)?;
        call.destination_channel = request.resource_specification.channel();
        let response = decode::<Payload<Destination>>(operation, self.inner.execute(call).await?)?
            .map(|body| body.payload);
        self.remember_channels([&response.value]);
        Ok(response)
    }

    /// `getDestination`: one destination by id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn get_destination(
        &self,
        destination_id: &str,
    ) -> Result<Response<Destination>, Error> {
        let operation = Operation::GetDestination;
        let path = path(&[literal("destinations"), ("destinationId", destination_id)])?;
        let call = Call::new(operation, path, Tokens::Grantless);
        let response = decode::<Payload<Destination>>(operation, self.inner.execute(call).await?)?
            .map(|body| body.payload);
        self.remember_channels([&response.value]);
        Ok(response)
    }

    /// `deleteDestination`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn delete_destination(&self, destination_id: &str) -> Result<Response<()>, Error> {
        let path = path(&[literal("destinations"), ("destinationId", destination_id)])?;
        let call = Call::new(Operation::DeleteDestination, path, Tokens::Grantless);
        let response = self.inner.execute(call).await?.map(drop);
        self.forget_channel(destination_id);
        Ok(response)
    }
}
